# C types for rows.py's loops when it is compiled (Cython reads this beside the .py, which stays the source).
import cython

# Rows as an extension type, its fields declared here only: read as C struct members where a Rows is
# typed (start(), setter.pxd), not looked up by name; first and nb C integers, the breaker's lists typed.
cdef class Rows:
    cdef public object at
    cdef public object row_of
    cdef public object width_at
    cdef public object shrink_at
    cdef public object hyphen_at
    cdef public object F_w
    cdef public object F_y
    cdef public object F_z
    cdef public object I
    cdef public object illegal
    cdef public object narrowest
    cdef public object is_penalty
    cdef public object penalty_at
    cdef public object pen_width
    cdef public object stretch_at
    cdef public list _neg
    cdef public object _negpos
    cdef public list bw
    cdef public object by_class
    cdef public object cls
    cdef public object faces
    cdef public Py_ssize_t first
    cdef public object flagged_any
    cdef public object forced
    cdef public object hyphens
    cdef public object indent
    cdef public object jw
    cdef public object jy
    cdef public object jz
    cdef public object like0
    cdef public object like_y
    cdef public object like_z
    cdef public object md
    cdef public object monotone
    cdef public object mq
    cdef double[:] mw
    cdef double[:] my
    cdef double[:] mz
    cdef public object n
    cdef public Py_ssize_t nb
    cdef public object negative
    cdef public object one_face
    cdef public object plain
    cdef public object pwmax
    cdef public list rec
    cdef public object text
    @cython.locals(k=Py_ssize_t, s=Py_ssize_t, w=double, y=double, z=double)
    cpdef tuple start(self, Py_ssize_t j)
    cpdef double negative_width(self, Py_ssize_t s, Py_ssize_t c)

@cython.locals(n=Py_ssize_t, k=Py_ssize_t, R=Rows)
cdef _rows(str text, wide, faces, list bw, list rec, list special, plain, Py_ssize_t first, double end_pw,
           double indent_w, double track)

@cython.locals(k=Py_ssize_t, jw=list, jy=list, jz=list, pv=list, pw=list, pen=list, illegal=bytearray,
               like0=bytearray, like_y=bytearray, like_z=bytearray, negs=list, monotone=bint, negative=bint)
cdef tuple _junction_columns(Rows R, list rec, list special, plain, Py_ssize_t n)

@cython.locals(n=Py_ssize_t, first=Py_ssize_t, bw=list, rec=list, special=list, mq=list, md=list, cls=str)
cpdef read_rows(str text, bold, style, metrics, language, ctx, indent)

@cython.locals(n=Py_ssize_t, k=Py_ssize_t, j=Py_ssize_t, prev=Py_ssize_t, s=Py_ssize_t, e=Py_ssize_t,
               stop=Py_ssize_t, spans=list, by_pair=bint, got=tuple)
cdef Py_ssize_t _fill(str text, str cls, space, wide, widths, adv, double track, Py_ssize_t first, ctx, dict memo,
                      list rec, list bw, list special, list mq, list md)

cdef tuple _pair(list items, str text, Py_ssize_t a, Py_ssize_t b, adv, ctx, double track)

cdef void _note(tuple got, Py_ssize_t k, list rec, list special, list mq, list md)



@cython.locals(n=Py_ssize_t, k=Py_ssize_t, tw=double, ty=double, tz=double, e=double, m=double, w=double, v=double,
               x=double, ninf=double, b=double, y=double, z=double, F_w="double[:]", F_y="double[:]", F_z="double[:]", width_at="double[:]", narrowest="double[:]")
cdef _all_sums(Rows R, list jw, list bw, list jy, list jz, list pw, Py_ssize_t first, double indent_w)

@cython.locals(n=Py_ssize_t, k=Py_ssize_t, one=bint, wide_one=bint, narrow_one=bint)
cdef tuple _face_classes(faces, wide)
