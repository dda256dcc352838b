def analyse_many(*a, **k): raise NotImplementedError
