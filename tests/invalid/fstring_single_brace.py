# loose-render: CPython 3.11 places f-string error carets oddly
x = f"oops }"
