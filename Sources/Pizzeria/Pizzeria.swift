// The Pizzeria module.
