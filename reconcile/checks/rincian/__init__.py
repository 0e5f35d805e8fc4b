"""Budget lines of RKA/DPA forms: volume x harga satuan = jumlah."""
