// The Terminal module.
