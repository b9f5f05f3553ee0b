s1 = 'single'
s2 = "double"
s3 = '''triple
quoted'''
s4 = """another
one"""
print(s1, s2)
print(s3)
print(s4)
print('it\'s', "say \"hi\"", 'tab\tsep', 'back\\slash')
print("\x41\x42\u00e9\101")
print(r"raw\nstring", R'\d+')
print("con" "cat" 'enated')
print(len("hello"), "abc" * 3, "a" + "b")
print(repr('quote\'s'), repr("x\ny"))
