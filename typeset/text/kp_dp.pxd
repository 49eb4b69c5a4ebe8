# C types for kp_dp.py's hot loops when it is compiled (Cython reads this beside the .py, which stays the source).
import cython

@cython.locals(nb=Py_ssize_t, j=Py_ssize_t, c=Py_ssize_t, c0=Py_ssize_t, nf=Py_ssize_t, cfil=Py_ssize_t,
               s=Py_ssize_t, ml=Py_ssize_t, fc=Py_ssize_t, lo=Py_ssize_t, hi=Py_ssize_t, mid=Py_ssize_t,
               sw=double, sy=double, sz=double, t2=double, lp=double, Lp=double, Lm=double, adj=double,
               rmax=double, cap=double, extra=double, nat=double, st=double, dl=double, lim=double, x=double,
               rigid=bint, capped=bint, stop=bint, track=bint, single=bint,
               width_at="double[:]", shrink_at="double[:]", stretch_at="double[:]", narrowest="double[:]", I=list, penalty_at=list, pen_width=list,
               forced=list, S=_Lean)
cpdef best_breaks_lean(P, double L, spec, double ub, seen, cut)

cdef class _Lean:
    cdef double[:] demerits
    cdef int[:] prev_break
    cdef unsigned char[:] prev_class, classes, n_classes, class_bits
    cdef list most_lines
    cdef bytearray reached
    cdef double least
    @cython.locals(bj=Py_ssize_t, ns=Py_ssize_t, i=Py_ssize_t, v=double, lim=double)
    cdef double limit(self, Py_ssize_t j, double adj)
    @cython.locals(bj=Py_ssize_t, slot=Py_ssize_t, i=Py_ssize_t, key=Py_ssize_t, has=Py_ssize_t, d=double, a=double)
    cdef void arrive(self, Py_ssize_t j, Py_ssize_t c, Py_ssize_t fc, double dl, tuple jf, double lim, double ub,
                     bint track, Py_ssize_t ml)
    cdef Py_ssize_t next_reached(self, Py_ssize_t j, Py_ssize_t nb)
    @cython.locals(ns=Py_ssize_t, be=Py_ssize_t, best=Py_ssize_t, i=Py_ssize_t, key=Py_ssize_t, c=Py_ssize_t,
                   slot=Py_ssize_t, bps=list)
    cdef tuple path(self, Py_ssize_t nb)

cdef int LONG, SHORT, _VL, _LO, _DE, _TI
cdef double _FORCED

@cython.locals(r=double, dl=double, bad=double, d=double, fc=int)
cpdef inline (double, int) line_cost(double nat, double shrink, double stretch, double pv, double L, double Lp,
                                     double Lm, bint may_stretch, double lp, double rmax, double cap, bint rigid,
                                     bint capped)
