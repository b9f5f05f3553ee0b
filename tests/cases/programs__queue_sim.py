def simulate(arrivals, service):
    clock = 0
    waits = []
    for t in arrivals:
        start = max(clock, t)
        waits.append(start - t)
        clock = start + service
    return waits
w = simulate([0, 1, 2, 3, 10, 11], 2)
print(w, sum(w), max(w), sum(w) / len(w))
