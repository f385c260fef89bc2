"""One way to write a time across the site and its emails: "12:35 PM" (Django's English default
writes "12:35 p.m.", while some templates wrote "12:35 PM"). Templates use |time, not a format
string of their own.

A date likewise: |date:"DATE_FORMAT", "Mar 9, 2026" in English; Spanish pages take Django's
Spanish formats ("9 de marzo de 2026"). A fixed "M j, Y" read in English order on them."""

TIME_FORMAT = "g:i A"
DATE_FORMAT = "M j, Y"
DATETIME_FORMAT = "F j, Y, g:i A"
