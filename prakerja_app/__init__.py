"""Kartu Prakerja: the pre-employment card program, as a Reflex web app."""
