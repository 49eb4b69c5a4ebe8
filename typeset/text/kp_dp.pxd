# C types for kp_dp.py's hot loops when it is compiled (Cython reads this beside the .py, which stays the source).
import cython

@cython.locals(nb=Py_ssize_t, j=Py_ssize_t, c=Py_ssize_t, c0=Py_ssize_t, nf=Py_ssize_t, cfil=Py_ssize_t,
               s=Py_ssize_t, ml=Py_ssize_t, fc=Py_ssize_t, size=Py_ssize_t, bj=Py_ssize_t, be=Py_ssize_t,
               ns=Py_ssize_t, i=Py_ssize_t, key=Py_ssize_t, slot=Py_ssize_t, has=Py_ssize_t, best=Py_ssize_t,
               sw=double, sy=double, sz=double, t2=double, lp=double, Lp=double, Lm=double,
               adj=double, rmax=double, cap=double, extra=double, least=double, nat=double, sh=double,
               dl=double, st=double, d=double, a=double, lim=double,
               v=double, rigid=bint, capped=bint, stop=bint, track=bint, single=bint,
               EW="double[:]", EZ="double[:]", SY="double[:]", LOW="double[:]", I=list, PV=list, PW=list, ML=list,
               DV="double[:]", PJ="int[:]", B="unsigned char[:]", PK="unsigned char[:]", ORD="unsigned char[:]", NS="unsigned char[:]",
               HAS="unsigned char[:]", forced=list, jf=tuple, x=double, lo=Py_ssize_t, hi=Py_ssize_t, mid=Py_ssize_t,
               reached=bytearray, bps=list)
cpdef best_breaks_lean(P, double L, spec, double ub, seen, cut)

cdef int LONG, SHORT, _VL, _LO, _DE, _TI
cdef double _FORCED

@cython.locals(r=double, dl=double, bad=double, d=double, fc=int)
cdef inline (double, int) line_cost(double nat, double shrink, double stretch, double pv, double L, double Lp,
                                    double Lm, bint may_stretch, double lp, double rmax, double cap, bint rigid,
                                    bint capped)
