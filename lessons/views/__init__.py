"""Site views of the lessons app: learner views, the counselor area and the glossary."""
