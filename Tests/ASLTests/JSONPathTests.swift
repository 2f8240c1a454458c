import Testing
@testable import ASL

@Suite struct JSONPathTests {
    static let store: JSONValue = try! JSONValue(parsing: """
        {"store": {
            "book": [
              {"category": "reference", "author": "Nigel Rees", "title": "Sayings of the Century", "price": 8.95},
              {"category": "fiction", "author": "Evelyn Waugh", "title": "Sword of Honour", "price": 12.99},
              {"category": "fiction", "author": "Herman Melville", "title": "Moby Dick", "isbn": "0-553-21311-3", "price": 8.99},
              {"category": "fiction", "author": "J. R. R. Tolkien", "title": "The Lord of the Rings", "isbn": "0-395-19395-8", "price": 22.99}
            ],
            "bicycle": {"color": "red", "price": 19.95}
          },
          "expensive": 10,
          "items": [{"name": "a"}, {"name": "b"}]
        }
        """)

    func eval(_ path: String, _ doc: JSONValue = store) throws -> JSONPathResult {
        try JSONPath(path).evaluate(doc)
    }

    func titles(_ path: String) throws -> [String] {
        let value = try #require(try eval(path).value)
        return try #require(value.arrayValue).map { $0["title"]?.stringValue ?? "?" }
    }

    @Test func definitePathsReturnTheValueItself() throws {
        #expect(try eval("$.items[0].name") == .found("a"))
        #expect(try eval("$['items'][1]['name']") == .found("b"))
        #expect(try eval("$[\"store\"][\"bicycle\"].color") == .found("red"))
        #expect(try eval("$.expensive") == .found(10))
        #expect(try eval("$") == .found(Self.store))
        #expect(try eval("$.items[-1].name") == .found("b"))
    }

    /// In a quoted name only the quote and the backslash itself are escaped (AWS, recorded).
    @Test func aBackslashBeforeAnotherCharacterInAQuotedNameIsItself() throws {
        let doc: JSONValue = ["Test\\\"\"Name\"": "v", "it's": 1, "a\\b": 2]
        #expect(try eval(#"$['Test\""Name"']"#, doc) == .found("v"))
        #expect(try eval(#"$['it\'s']"#, doc) == .found(1))
        #expect(try eval(#"$['a\\b']"#, doc) == .found(2))
    }

    @Test func definitePathThatDoesNotMatchIsNotFound() throws {
        #expect(try eval("$.nope") == .notFound)
        #expect(try eval("$.items[5]") == .notFound)
        #expect(try eval("$.items[-3]") == .notFound)
        #expect(try eval("$.expensive.deeper") == .notFound)
        #expect(try eval("$.items.name") == .notFound)
        #expect(try JSONPath("$.a").evaluate("scalar") == .notFound)
    }

    @Test func indefinitePathsReturnArrays() throws {
        #expect(try eval("$.items[*].name") == .found(["a", "b"]))
        #expect(try eval("$.items.*.name") == .found(["a", "b"]))
        #expect(try eval("$.store.book[*].author") == .found(["Nigel Rees", "Evelyn Waugh", "Herman Melville", "J. R. R. Tolkien"]))
        #expect(try eval("$.store.bicycle.*") == .found(["red", 19.95]))  // sorted keys: color, price
        #expect(try eval("$.items[*].missing") == .found([]))
        #expect(try eval("$.nothing[*]") == .found([]))
    }

    @Test func recursiveDescent() throws {
        #expect(try eval("$..author") == .found(["Nigel Rees", "Evelyn Waugh", "Herman Melville", "J. R. R. Tolkien"]))
        let prices = try #require(try eval("$.store..price").value?.arrayValue)
        #expect(Set(prices) == [8.95, 12.99, 8.99, 22.99, 19.95])
        #expect(try eval("$..book[2].title") == .found(["Moby Dick"]))
        #expect(try eval("$..name") == .found(["a", "b"]))
    }

    @Test func slicesAndUnions() throws {
        #expect(try titles("$.store.book[0,1]") == ["Sayings of the Century", "Sword of Honour"])
        #expect(try titles("$.store.book[:2]") == ["Sayings of the Century", "Sword of Honour"])
        #expect(try titles("$.store.book[1:2]") == ["Sword of Honour"])
        #expect(try titles("$.store.book[-2:]") == ["Moby Dick", "The Lord of the Rings"])
        #expect(try titles("$.store.book[2:]") == ["Moby Dick", "The Lord of the Rings"])
        #expect(try titles("$.store.book[0:4:2]") == ["Sayings of the Century", "Moby Dick"])
        #expect(try titles("$.store.book[::-1]") == ["The Lord of the Rings", "Moby Dick", "Sword of Honour", "Sayings of the Century"])
        #expect(try eval("$.store.bicycle['color','price']") == .found(["red", 19.95]))
        #expect(try eval("$.store.bicycle['color','nope']") == .found(["red"]))
        #expect(try eval("$.items[0,9]") == .found([["name": "a"]]))
    }

    @Test func filters() throws {
        #expect(try titles("$.store.book[?(@.price < 10)]") == ["Sayings of the Century", "Moby Dick"])
        #expect(try titles("$.store.book[?(@.isbn)]") == ["Moby Dick", "The Lord of the Rings"])
        #expect(try titles("$.store.book[?(@.category == 'reference')]") == ["Sayings of the Century"])
        #expect(try titles("$.store.book[?(@.category != \"fiction\")]") == ["Sayings of the Century"])
        #expect(try titles("$.store.book[?(@.price > $.expensive)]") == ["Sword of Honour", "The Lord of the Rings"])
        #expect(try titles("$.store.book[?(@.price >= 12.99 && @.category == 'fiction')]") == ["Sword of Honour", "The Lord of the Rings"])
        #expect(try titles("$.store.book[?(@.price <= 8.95 || @.author == 'Herman Melville')]") == ["Sayings of the Century", "Moby Dick"])
        #expect(try titles("$..book[?(@.isbn && @.price < 20)]") == ["Moby Dick"])
        #expect(try titles("$.store.book[?(!(@.isbn))]") == ["Sayings of the Century", "Sword of Honour"])
        #expect(try eval("$.store.book[?(@.price > 100)]") == .found([]))
        #expect(try eval("$.store.book[?(@.isbn == '0-553-21311-3')].author") == .found(["Herman Melville"]))
    }

    @Test func filterLiteralsAndNesting() throws {
        let doc: JSONValue = ["xs": [
            ["a": ["b": 1], "ok": true, "n": .null],
            ["a": ["b": 2], "ok": false, "n": 1],
            ["a": ["b": "2"], "ok": true],
        ]]
        #expect(try eval("$.xs[?(@.a.b == 2)].a.b", doc) == .found([2]))
        #expect(try eval("$.xs[?(@.a.b == '2')].a.b", doc) == .found(["2"]))
        #expect(try eval("$.xs[?(@.ok == true)].a.b", doc) == .found([1, "2"]))
        #expect(try eval("$.xs[?(@.n == null)].a.b", doc) == .found([1]))
        #expect(try eval("$.xs[?(@['a']['b'] < 2)].a.b", doc) == .found([1]))
        #expect(try eval("$.xs[?(@.a.b > -1.5e0)].a.b", doc) == .found([1, 2]))
        #expect(try eval("$[?(@ > 1)]", [1, 2, 3]) == .found([2, 3]))
    }

    @Test func definiteness() throws {
        #expect(try JSONPath("$.a.b[0]['c']").isDefinite)
        #expect(try JSONPath("$").isDefinite)
        for path in ["$.a[*]", "$.a.*", "$..a", "$.a[0,1]", "$.a[1:]", "$.a[?(@.x)]", "$['a','b']"] {
            #expect(try !JSONPath(path).isDefinite, "\(path)")
        }
        #expect(try JSONPath("$.a[0].b").isReferencePath)
        #expect(try !JSONPath("$.a[*]").isReferencePath)
    }

    @Test func normalizedForm() throws {
        #expect(try JSONPath("$.items[0].name").normalized == "$['items'][0]['name']")
        #expect(try JSONPath("$..a[*]").normalized == "$..['a'][*]")
    }

    @Test func syntaxErrorsNameThePathAndPosition() {
        let cases: [(String, Int)] = [("$.a[", 5), ("a.b", 1), ("$.", 3), ("$.a[0", 6), ("$x", 2), ("$['a", 3), ("$.a[?(@.b == )]", 14), ("$[1::0]", 7)]
        for (path, position) in cases {
            #expect(throws: StatesError.self, "\(path)") { try JSONPath(path) }
            do {
                _ = try JSONPath(path)
            } catch {
                #expect(error.error == StatesError.Name.runtime)
                #expect(error.cause.contains("'\(path)'"), "\(error.cause)")
                #expect(error.cause.hasSuffix("at position \(position)"), "\(path): \(error.cause)")
            }
        }
    }

    @Test func cacheParsesEachTextOnce() throws {
        let cache = ParseCache<JSONPath>()
        nonisolated(unsafe) var parses = 0
        func get(_ text: String) throws(StatesError) -> JSONPath {
            try cache.value(for: text) { (t: String) throws(StatesError) -> JSONPath in parses += 1; return try JSONPath(t) }
        }
        let a = try get("$.a.b")
        let b = try get("$.a.b")
        _ = try get("$.c")
        #expect(a == b)
        #expect(parses == 2)
        #expect(cache.count == 2)
        #expect(throws: StatesError.self) { try get("$.[") }
        #expect(cache.count == 2)
        #expect(try JSONPath.cached("$.x[0]") == JSONPath("$.x[0]"))
    }

    @Test func cacheIsSafeUnderConcurrentUse() async throws {
        let paths = (0..<16).map { "$.concurrent[\($0)].name" }
        let doc: JSONValue = ["concurrent": .array((0..<16).map { ["name": .string("n\($0)")] })]
        let ok = await withTaskGroup(of: Bool.self) { group in
            for task in 0..<8 {
                group.addTask {
                    for round in 0..<200 {
                        let i = (task + round) % paths.count
                        guard let path = try? JSONPath.cached(paths[i]),
                              path.evaluate(doc) == .found(.string("n\(i)")) else { return false }
                    }
                    return true
                }
            }
            return await group.allSatisfy { $0 }
        }
        #expect(ok)
    }
}
