"""Claims of this paper (see LEMMAS.md)."""
