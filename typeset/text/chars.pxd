# C types for chars.py's loops over a paragraph's characters and classes when compiled (the .py stays the source).
import cython

@cython.locals(n=Py_ssize_t, k=Py_ssize_t, e=Py_ssize_t, ch=Py_UCS4, spans=list)
cpdef list class_spans(str cls, Py_ssize_t start, Py_UCS4 one, Py_UCS4 other, Py_ssize_t least)

@cython.locals(n=Py_ssize_t, k=Py_ssize_t, cp=Py_ssize_t, t=tuple, blocks=list, block=list, space=list, wide=list,
               faces=list, widths=list, kinds=list, marked=bint)
cpdef tuple columns(dict table, str text)
