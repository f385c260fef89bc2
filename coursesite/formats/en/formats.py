"""One way to write a time across the site and its emails: "12:35 PM" (Django's English default
writes "12:35 p.m.", while some templates wrote "12:35 PM"). Templates use |time, not a format
string of their own."""

TIME_FORMAT = "g:i A"
DATETIME_FORMAT = "F j, Y, g:i A"
