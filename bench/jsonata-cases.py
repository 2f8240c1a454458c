"""Writes the benchmark cases (expressions from the JSONata reference suite) as JSON, to stdout."""
import json
import sys

suite = sys.argv[1]
with open(f"{suite}/datasets/dataset5.json") as f:
    account = json.load(f)

cases = [
    ("path", "Account.Order[0].Product[0].SKU", account),
    ("sum of products", "$sum(Account.Order.Product.(Price * Quantity))", account),
    ("filter", "Account.Order.Product[Price > 30].`Product Name`", account),
    ("group-by object", "Account.Order.Product{`Product Name`: $sum(Price)}", account),
    ("sort", "Account.Order.Product^(>Price).Description.Colour", account),
    ("map lambda", "$map(Account.Order.Product, function($p) { $p.Price * $p.Quantity })", account),
    ("object constructor", "Account.Order.{'id': OrderID, 'total': $sum(Product.(Price * Quantity))}", account),
    ("focus binding", "Account.Order@$o.$o.Product@$p.{'order': $o.OrderID, 'sku': $p.SKU}", account),
    ("parent", "Account.Order.Product.{'name': `Product Name`, 'order': %.OrderID}", account),
    ("descendants", "$count(**.Price)", account),
    ("string functions", "$join(Account.Order.Product.$uppercase(Description.Colour), ', ')", account),
    ("regex replace", "$replace('The quick brown fox jumps over the lazy dog', /(\\w+) (\\w+)/, '$2 $1')", None),
    ("reduce range", "$reduce([1..100], function($a, $b) { $a + $b })", None),
    ("recursion", "($fib := function($n) { $n <= 1 ? $n : $fib($n - 1) + $fib($n - 2) }; $fib(12))", None),
    ("formatNumber", "$formatNumber(1234567.891, '#,##0.00')", None),
    ("fromMillis", "$fromMillis(1510067557121, '[Y0001]-[M01]-[D01] [H01]:[m01]')", None),
]
json.dump([{"name": n, "expr": e, "data": d} if d is not None else {"name": n, "expr": e} for n, e, d in cases], sys.stdout, indent=1)
