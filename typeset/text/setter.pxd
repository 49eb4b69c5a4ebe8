# C types for setter.py's loops when it is compiled (Cython reads this beside the .py, which stays the source).
import cython

from typeset.text.rows cimport Rows

@cython.locals(n=Py_ssize_t, k=Py_ssize_t, i=Py_ssize_t, u0=Py_ssize_t, last=Py_ssize_t, b=Py_ssize_t,
               final=Py_ssize_t, count=Py_ssize_t, i0=Py_ssize_t, c=Py_ssize_t, end=Py_ssize_t, hang=double, placed=Py_ssize_t,
               natural=double, stretch=double, shrink=double, r=double, x=double, x0=double, xh=double, s_w=double,
               s_y=double, s_z=double, pw=double, shift=double, track=double, spread=double, em=double, lead=double,
               justify=bint, fill=bint, uniform=bint, cls=str, F_w="double[:]", F_y="double[:]", F_z="double[:]",
               pen_width=list, is_penalty=list, lines=list)
cpdef list set_rows(Rows R, breaks, width_of_line, style, ctx, bint justify_last)

@cython.locals(glyphs=tuple)
cdef tuple _glyph_runs(Rows R, Py_ssize_t u0, Py_ssize_t b, double x0, double s_w, double s_y, double s_z, double r,
                       size, double shift, double track, bint uniform)

@cython.locals(i0=Py_ssize_t)
cdef tuple _placed(Rows R, Py_ssize_t u0, Py_ssize_t b, double lead, bint hyphen)

@cython.locals(nq=Py_ssize_t, q=Py_ssize_t, count=Py_ssize_t, tol=double, over=double, qs=list, data=list)
cdef tuple _marks(Rows R, Py_ssize_t i, Py_ssize_t u0, Py_ssize_t last, double gap0, double r, double em)

@cython.locals(u=Py_ssize_t, a=Py_ssize_t, m=Py_ssize_t, x=double, x0=double, g=double, end=double, s=double, w=double,
               spaced=bint, text=str, cls=str, rec=list, bw=list, F_w="double[:]", F="double[:]", runs=list)
cdef tuple _runs(Rows R, Py_ssize_t u0, Py_ssize_t b, double s_w, double s_y, double s_z, double r, size, double shift,
                 double track, double spread, Py_ssize_t i0)

@cython.locals(x=double, w=double)
cdef double _x(Rows R, Py_ssize_t u, double s_w, double s_y, double s_z, double r)

@cython.locals(deficit=double, A=double, y=double, z=double)
cdef Py_ssize_t _mark(tuple pair, bint first, double gap0, double r, double tol, double over)

@cython.locals(c=Py_ssize_t, u=Py_ssize_t, g=double, lo=double, hi=double, x=double, w=double, y=double, jw=list, J=list)
cdef tuple _one_run(Rows R, Py_ssize_t a, Py_ssize_t b, double x0, double r, size, double shift, double track)

@cython.locals(n=Py_ssize_t, s=Py_ssize_t, e=Py_ssize_t, a=Py_ssize_t, narrow=bint, nar=Py_UCS4, runs=list, got=tuple)
cdef tuple _class_runs(Rows R, Py_ssize_t u0, Py_ssize_t b, str seg, double x0, double s_w, double s_y, double s_z,
                       double r, size, double shift, double track)
