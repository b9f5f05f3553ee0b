def make_counters(n):
    counters = []
    for i in range(n):
        def counter(start=i * 10):
            count = start
            def inc():
                nonlocal count
                count += 1
                return count
            return inc
        counters.append(counter())
    return counters
cs = make_counters(3)
print([c() for c in cs], [c() for c in cs])
