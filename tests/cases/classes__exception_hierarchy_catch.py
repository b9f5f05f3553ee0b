class ValidationError(ValueError):
    def __init__(self, field, problem):
        super().__init__(f"{field}: {problem}")
        self.field = field
def validate(user):
    if not user.get("name"):
        raise ValidationError("name", "required")
    if user.get("age", 0) < 0:
        raise ValidationError("age", "negative")
    return True
for u in [{"name": "a"}, {}, {"name": "b", "age": -1}]:
    try:
        print(validate(u))
    except ValueError as e:
        print(type(e).__name__, e.field, str(e))
