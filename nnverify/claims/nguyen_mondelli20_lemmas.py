"""Nguyen & Mondelli 2020, §4 lemmas (Lemma 4.1–4.3 and the proof of Theorem 3.2): D-class claims."""
