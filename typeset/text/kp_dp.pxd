# C types for kp_dp.py's hot loops when it is compiled (Cython reads this beside the .py, which stays the source).
import cython

@cython.locals(nb=Py_ssize_t, j=Py_ssize_t, c=Py_ssize_t, c0=Py_ssize_t, nf=Py_ssize_t, cfil=Py_ssize_t,
               s=Py_ssize_t, ml=Py_ssize_t, fc=Py_ssize_t,
               sw=double, sy=double, sz=double, Lp=double, Lm=double, t2=double, lp=double, lp2=double,
               adj=double, rmax=double, cap=double, extra=double, least=double, nat=double, sh=double,
               r=double, dl=double, st=double, bad=double, pv=double, d=double, a=double, lim=double, ninf=double,
               rigid=bint, capped=bint, stop=bint, track=bint, single=bint,
               EW="double[:]", EZ="double[:]", SY="double[:]", LOW="double[:]", I=list, PV=list, PW=list, D=list, ML=list,
               forced=list, jf=tuple, dj=dict, dc=dict, x=double, lo=Py_ssize_t, hi=Py_ssize_t, mid=Py_ssize_t,
               reached=bytearray)
cpdef _dp_simple(P, double L, spec, double ub, seen, cut)
