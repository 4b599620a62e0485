"""One module per screen (a package for a group of screens). `registry.SCREENS` lists every
screen a user opens by name; the others are pushed by the screens that lead to them."""
