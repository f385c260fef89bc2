"""Site views of the lessons app: learner views and the counselor area."""
