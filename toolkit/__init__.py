"""The family toolkit: a personal safety plan, questions for the prescriber and a symptom diary.

Health data lives here and nowhere else: private to the learner, in their export
(`toolkit.export.export_for`), deleted with their account (every row has ON DELETE CASCADE).
"""
