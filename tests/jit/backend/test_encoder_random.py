"""Random operands in each form's encodable range, encoded by us and by GNU as, byte for byte.

Each hypothesis example is a batch of instructions assembled by one `as` run, so a few
dozen examples cover thousands of operand combinations in a few seconds.
"""

from __future__ import annotations

import hypothesis.strategies as st
import pytest
from encoder_harness import Backend, Cond
from hypothesis import HealthCheck, given, settings

import cases_aarch64
import cases_arm
import cases_x86_64

Form = st.SearchStrategy[tuple[str, str]]
BATCH = 80


def form(call: str, asm: str, *args: st.SearchStrategy) -> Form:
    """Instantiate `call` and `asm` (str.format templates) with the same drawn arguments."""
    return st.tuples(*args).map(lambda a: (call.format(*a), asm.format(*a)))


def check_batch(backend: Backend, batch: list[tuple[str, str]]) -> None:
    results = backend.assembler.assemble([asm for _, asm in batch])
    for (call, asm), insns in zip(batch, results):
        expected = b"".join(data for data, _ in insns)
        got = backend.encode(call)
        assert got == expected, (f"{call}: got {got.hex(' ')}; GNU as encodes {asm!r} as "
                                 f"{expected.hex(' ')}")


def run_random(backend: Backend, forms: list[Form]) -> None:
    if not backend.assembler.available():
        pytest.skip(f"{backend.assembler.as_cmd[0]} is not installed")

    @settings(max_examples=25, deadline=None, derandomize=False,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(st.lists(st.one_of(forms), min_size=BATCH, max_size=BATCH))
    def batches(batch: list[tuple[str, str]]) -> None:
        check_batch(backend, batch)

    batches()


def int_range(low: int, high: int) -> st.SearchStrategy[int]:
    # Bias towards the edges of the range, where encoders break.
    return st.one_of(st.sampled_from([low, high, 0 if low <= 0 <= high else low]),
                     st.integers(low, high))


# -- x86-64 ------------------------------------------------------------------------------

X_GPR = ["rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
         "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15"]
X_BYTE = dict(zip(X_GPR, ["al", "cl", "dl", "bl", "spl", "bpl", "sil", "dil",
                          "r8b", "r9b", "r10b", "r11b", "r12b", "r13b", "r14b", "r15b"]))
X_DWORD = dict(zip(X_GPR, ["eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi",
                           "r8d", "r9d", "r10d", "r11d", "r12d", "r13d", "r14d", "r15d"]))
X_CC = {Cond.EQ: "e", Cond.NE: "ne", Cond.LT: "l", Cond.GE: "ge", Cond.LE: "le",
        Cond.GT: "g", Cond.LO: "b", Cond.HS: "ae", Cond.LS: "be", Cond.HI: "a",
        Cond.VS: "o", Cond.VC: "no", Cond.MI: "s", Cond.PL: "ns"}


@st.composite
def x86_mem(draw: st.DrawFn) -> tuple[str, str]:
    """(call-argument text, AT&T operand) for base + disp [+ index*scale]."""
    base = draw(st.sampled_from(X_GPR))
    disp = draw(int_range(-(1 << 31), (1 << 31) - 1))
    if draw(st.booleans()):
        index = draw(st.sampled_from([r for r in X_GPR if r != "rsp"]))
        scale = draw(st.sampled_from([1, 2, 4, 8]))
        return f"{base}, {disp}, {index}, {scale}", f"{disp}(%{base},%{index},{scale})"
    return f"{base}, {disp}", f"{disp}(%{base})"


def _x86_forms() -> list[Form]:
    gpr, xmm = st.sampled_from(X_GPR), st.sampled_from([f"xmm{n}" for n in range(16)])
    imm32 = int_range(-(1 << 31), (1 << 31) - 1)
    cond = st.sampled_from(sorted(X_CC))
    mem = x86_mem()
    forms = [form(f"{op}_rr({{0}}, {{1}})", f"{op} %{{1}}, %{{0}}", gpr, gpr)
             for op in ("add", "sub", "and", "or", "xor", "cmp", "test")]
    forms += [form(f"{op}_ri({{0}}, {{1}})", f"{op}q ${{1}}, %{{0}}", gpr, imm32)
              for op in ("add", "sub", "and", "or", "xor", "cmp")]
    forms += [form(f"{op}_ri({{0}}, {{1}})", f"{op}q ${{1}}, %{{0}}", gpr, int_range(0, 63))
              for op in ("shl", "shr", "sar")]
    forms += [form(f"{op}_r({{0}})", f"{op} %{{0}}", gpr) for op in ("neg", "not", "idiv")]
    forms += [
        form("mov_rr({0}, {1})", "mov %{1}, %{0}", gpr, gpr),
        form("mov_ri32({0}, {1})", "movq ${1}, %{0}", gpr, imm32),
        form("movabs_ri({0}, {1})", "movabs ${1}, %{0}", gpr,
             int_range(-(1 << 63), (1 << 64) - 1)),
        form("imul_rr({0}, {1})", "imul %{1}, %{0}", gpr, gpr),
        form("imul_rri({0}, {1}, {2})", "imul ${2}, %{1}, %{0}", gpr, gpr, imm32),
        form("load({0}, {1[0]})", "mov {1[1]}, %{0}", gpr, mem),
        form("store({0}, {1[0]})", "mov %{0}, {1[1]}", gpr, mem),
        form("lea({0}, {1[0]})", "lea {1[1]}, %{0}", gpr, mem),
        form("load_f64({0}, {1[0]})", "movsd {1[1]}, %{0}", xmm, mem),
        form("store_f64({0}, {1[0]})", "movsd %{0}, {1[1]}", xmm, mem),
        form("jmp({0})", "{{disp32}} jmp .+{0}", int_range(-(1 << 20), 1 << 20)),
        form("cvtsi2sd({0}, {1})", "cvtsi2sdq %{1}, %{0}", xmm, gpr),
        form("cvttsd2si({0}, {1})", "cvttsd2si %{1}, %{0}", gpr, xmm),
        form("movq_xr({0}, {1})", "movq %{1}, %{0}", xmm, gpr),
        form("movq_rx({0}, {1})", "movq %{1}, %{0}", gpr, xmm),
        form("push_r({0})", "push %{0}", gpr),
        form("pop_r({0})", "pop %{0}", gpr),
        form("call_r({0})", "call *%{0}", gpr),
    ]
    forms += [form(f"{op}({{0}}, {{1}})", f"{op} %{{1}}, %{{0}}", xmm, xmm)
              for op in ("addsd", "subsd", "mulsd", "divsd", "sqrtsd", "ucomisd", "xorpd")]
    # Forms whose assembler text needs another spelling of the drawn operands.
    forms += [
        st.tuples(cond, gpr).map(
            lambda a: (f"setcc(Cond.{a[0].name}, {a[1]})", f"set{X_CC[a[0]]} %{X_BYTE[a[1]]}")),
        st.tuples(cond, gpr, gpr).map(
            lambda a: (f"cmov(Cond.{a[0].name}, {a[1]}, {a[2]})",
                       f"cmov{X_CC[a[0]]} %{a[2]}, %{a[1]}")),
        st.tuples(cond, int_range(-(1 << 20), 1 << 20)).map(
            lambda a: (f"jcc(Cond.{a[0].name}, {a[1]})", f"{{disp32}} j{X_CC[a[0]]} .+{a[1]}")),
        st.tuples(gpr, gpr).map(
            lambda a: (f"movzx_rr8({a[0]}, {a[1]})", f"movzbl %{X_BYTE[a[1]]}, %{X_DWORD[a[0]]}")),
        st.tuples(gpr, mem).map(
            lambda a: (f"load_u8({a[0]}, {a[1][0]})", f"movzbl {a[1][1]}, %{X_DWORD[a[0]]}")),
        st.tuples(gpr, mem).map(
            lambda a: (f"store8({a[0]}, {a[1][0]})", f"mov %{X_BYTE[a[0]]}, {a[1][1]}")),
        st.tuples(gpr, int_range(0, (1 << 32) - 1)).map(
            lambda a: (f"mov_ri_u32({a[0]}, {a[1]})", f"movl ${a[1]}, %{X_DWORD[a[0]]}")),
    ]
    return forms


# -- AArch64 -----------------------------------------------------------------------------

A_COND = {c: c.name.lower() for c in Cond if c is not Cond.AL}


@st.composite
def bitmask_immediate(draw: st.DrawFn) -> int:
    """A valid logical immediate: a rotated run of ones, repeated over 64 bits."""
    size = draw(st.sampled_from([2, 4, 8, 16, 32, 64]))
    ones = draw(st.integers(1, size - 1))
    rotate = draw(st.integers(0, size - 1))
    mask = (1 << size) - 1
    run = (1 << ones) - 1
    elem = ((run >> rotate) | (run << (size - rotate))) & mask
    return sum(elem << shift for shift in range(0, 64, size))


def _aarch64_forms() -> list[Form]:
    x = st.sampled_from([f"x{n}" for n in range(31)])
    x_sp = st.sampled_from([f"x{n}" for n in range(31)] + ["sp"])
    d = st.sampled_from([f"d{n}" for n in range(32)])
    cond = st.sampled_from(sorted(A_COND))
    arith_imm = st.one_of(int_range(0, 4095), int_range(1, 4095).map(lambda v: v << 12))
    forms = [form(f"{op}({{0}}, {{1}}, {{2}})", f"{asm} {{0}}, {{1}}, {{2}}", x, x, x)
             for op, asm in (("add_rr", "add"), ("adds_rr", "adds"), ("sub_rr", "sub"),
                             ("subs_rr", "subs"), ("and_rr", "and"), ("orr_rr", "orr"),
                             ("eor_rr", "eor"), ("mul", "mul"), ("smulh", "smulh"),
                             ("sdiv", "sdiv"), ("lsl_rr", "lsl"), ("lsr_rr", "lsr"),
                             ("asr_rr", "asr"))]
    forms += [form(f"{op}_ri({{0}}, {{1}}, {{2}})", f"{op} {{0}}, {{1}}, #{{2}}", x_sp, x_sp,
                   arith_imm) for op in ("add", "sub")]
    forms += [form(f"{op}_ri({{0}}, {{1}}, {{2}})", f"{op} {{0}}, {{1}}, #{{2}}", x, x_sp,
                   arith_imm) for op in ("adds", "subs")]
    forms += [form(f"{op}_ri({{0}}, {{1}}, {{2}})", f"{op} {{0}}, {{1}}, #{{2}}", x, x,
                   bitmask_immediate()) for op in ("and", "orr", "eor")]
    forms += [form(f"{op}_ri({{0}}, {{1}}, {{2}})", f"{op} {{0}}, {{1}}, #{{2}}", x, x,
                   int_range(0, 63)) for op in ("lsl", "lsr", "asr")]
    forms += [form(f"{op}({{0}}, {{1}}, {{2}})", f"{op} {{0}}, #{{1}}, lsl #{{2}}", x,
                   int_range(0, 0xFFFF), st.sampled_from([0, 16, 32, 48]))
              for op in ("movz", "movk", "movn")]
    forms += [form(f"{op}({{0}}, {{1}}, {{2}})", f"{asm} {{0}}, {{1}}, {{2}}", d, d, d)
              for op, asm in (("fadd", "fadd"), ("fsub", "fsub"), ("fmul", "fmul"),
                              ("fdiv", "fdiv"))]
    scaled = st.one_of(int_range(0, 4095).map(lambda v: v * 8), int_range(-256, 255))
    forms += [
        form("tst_ri({0}, {1})", "tst {0}, #{1}", x, bitmask_immediate()),
        form("msub({0}, {1}, {2}, {3})", "msub {0}, {1}, {2}, {3}", x, x, x, x),
        form("load({0}, {1}, {2})", "ldr {0}, [{1}, #{2}]", x, x_sp, scaled),
        form("store({0}, {1}, {2})", "str {0}, [{1}, #{2}]", x, x_sp, scaled),
        form("load_f64({0}, {1}, {2})", "ldr {0}, [{1}, #{2}]", d, x_sp, scaled),
        form("store_f64({0}, {1}, {2})", "str {0}, [{1}, #{2}]", d, x_sp, scaled),
        form("load_rr({0}, {1}, {2})", "ldr {0}, [{1}, {2}]", x, x_sp, x),
        form("stp({0}, {1}, {2}, {3})", "stp {0}, {1}, [{2}, #{3}]", x, x, x_sp,
             int_range(-64, 63).map(lambda v: v * 8)),
        form("ldp_d({0}, {1}, {2}, {3}, 'post')", "ldp {0}, {1}, [{2}], #{3}", d, d, x_sp,
             int_range(-64, 63).map(lambda v: v * 8)),
        form("b({0})", "b .+{0}", int_range(-(1 << 25), (1 << 25) - 1).map(lambda v: v * 4)),
        form("bl({0})", "bl .+{0}", int_range(-(1 << 25), (1 << 25) - 1).map(lambda v: v * 4)),
        form("cbnz({0}, {1})", "cbnz {0}, .+{1}", x,
             int_range(-(1 << 18), (1 << 18) - 1).map(lambda v: v * 4)),
        form("blr({0})", "blr {0}", x),
        form("fcmp({0}, {1})", "fcmp {0}, {1}", d, d),
        form("fsqrt({0}, {1})", "fsqrt {0}, {1}", d, d),
        form("scvtf({0}, {1})", "scvtf {0}, {1}", d, x),
        form("fcvtzs({0}, {1})", "fcvtzs {0}, {1}", x, d),
        form("fmov_xd({0}, {1})", "fmov {0}, {1}", x, d),
        form("fmov_dx({0}, {1})", "fmov {0}, {1}", d, x),
    ]
    forms += [
        st.tuples(cond, x).map(
            lambda a: (f"cset(Cond.{a[0].name}, {a[1]})", f"cset {a[1]}, {A_COND[a[0]]}")),
        st.tuples(cond, x, x, x).map(
            lambda a: (f"csel(Cond.{a[0].name}, {a[1]}, {a[2]}, {a[3]})",
                       f"csel {a[1]}, {a[2]}, {a[3]}, {A_COND[a[0]]}")),
        st.tuples(cond, int_range(-(1 << 18), (1 << 18) - 1)).map(
            lambda a: (f"b_cond(Cond.{a[0].name}, {a[1] * 4})", f"b.{A_COND[a[0]]} .+{a[1] * 4}")),
    ]
    return forms


# -- ARM ---------------------------------------------------------------------------------

R_COND = {c: ("" if c is Cond.AL else c.name.lower()) for c in Cond}


@st.composite
def rotated_immediate(draw: st.DrawFn) -> int:
    imm8 = draw(st.integers(0, 255))
    rot = draw(st.integers(0, 15)) * 2
    return ((imm8 >> rot) | (imm8 << (32 - rot))) & 0xFFFFFFFF


def _arm_forms() -> list[Form]:
    r = st.sampled_from([f"r{n}" for n in range(13)] + ["lr"])
    d = st.sampled_from([f"d{n}" for n in range(16)])
    s = st.sampled_from([f"s{n}" for n in range(32)])
    cond = st.sampled_from(list(Cond))

    def conditional(call: str, asm: str, *args: st.SearchStrategy) -> Form:
        """`asm` has the mnemonic, then `|`, then operands; the condition joins the two."""
        mnemonic, operands = asm.split("|")
        return st.tuples(cond, *args).map(lambda a: (
            call.format(*a[1:])[:-1] + f", cond=Cond.{a[0].name})",
            mnemonic.replace("<c>", R_COND[a[0]]) + " " + operands.format(*a[1:])))

    forms = [conditional(f"{op}_rr({{0}}, {{1}}, {{2}})", f"{op}<c>|{{0}}, {{1}}, {{2}}",
                         r, r, r)
             for op in ("add", "adds", "sub", "subs", "and", "orr", "eor", "bic")]
    forms += [conditional(f"{op}_ri({{0}}, {{1}}, {{2}})", f"{op}<c>|{{0}}, {{1}}, #{{2}}",
                          r, r, rotated_immediate())
              for op in ("add", "adds", "sub", "subs", "rsb", "rsbs", "and", "orr", "eor",
                         "bic")]
    forms += [conditional(f"{op}_ri({{0}}, {{1}})", f"{op}<c>|{{0}}, #{{1}}", r,
                          rotated_immediate()) for op in ("cmp", "cmn", "tst", "mov", "mvn")]
    forms += [conditional(f"{op}_rr({{0}}, {{1}}, {{2}})", f"{op}<c>|{{0}}, {{1}}, {{2}}",
                          r, r, r) for op in ("lsl", "lsr", "asr")]
    forms += [
        conditional("add_rr({0}, {1}, {2}, '{3}', {4})", "add<c>|{0}, {1}, {2}, {3} #{4}",
                    r, r, r, st.sampled_from(["lsl", "lsr", "asr"]), int_range(1, 31)),
        conditional("cmp_rr({0}, {1}, 'asr', {2})", "cmp<c>|{0}, {1}, asr #{2}", r, r,
                    int_range(1, 32)),
        conditional("mul({0}, {1}, {2})", "mul<c>|{0}, {1}, {2}", r, r, r),
        conditional("movw({0}, {1})", "movw<c>|{0}, #{1}", r, int_range(0, 0xFFFF)),
        conditional("movt({0}, {1})", "movt<c>|{0}, #{1}", r, int_range(0, 0xFFFF)),
        conditional("load({0}, {1}, {2})", "ldr<c>|{0}, [{1}, #{2}]", r, r,
                    int_range(-4095, 4095)),
        conditional("store8({0}, {1}, {2})", "strb<c>|{0}, [{1}, #{2}]", r, r,
                    int_range(-4095, 4095)),
        conditional("b({0})", "b<c>|.+{0}",
                    int_range(-(1 << 23), (1 << 23) - 1).map(lambda v: v * 4 + 8)),
        conditional("bl({0})", "bl<c>|.+{0}",
                    int_range(-(1 << 23), (1 << 23) - 1).map(lambda v: v * 4 + 8)),
        conditional("blx({0})", "blx<c>|{0}", r),
        conditional("vadd({0}, {1}, {2})", "vadd<c>.f64|{0}, {1}, {2}", d, d, d),
        conditional("vdiv({0}, {1}, {2})", "vdiv<c>.f64|{0}, {1}, {2}", d, d, d),
        conditional("vcmp({0}, {1})", "vcmp<c>.f64|{0}, {1}", d, d),
        conditional("vneg({0}, {1})", "vneg<c>.f64|{0}, {1}", d, d),
        conditional("load_f64({0}, {1}, {2})", "vldr<c>|{0}, [{1}, #{2}]", d, r,
                    int_range(-255, 255).map(lambda v: v * 4)),
        conditional("store_f64({0}, {1}, {2})", "vstr<c>|{0}, [{1}, #{2}]", d, r,
                    int_range(-255, 255).map(lambda v: v * 4)),
        conditional("vmov_s_r({0}, {1})", "vmov<c>|{0}, {1}", s, r),
        conditional("vmov_r_s({0}, {1})", "vmov<c>|{0}, {1}", r, s),
        conditional("vmov_d_rr({0}, {1}, {2})", "vmov<c>|{0}, {1}, {2}", d, r, r),
        conditional("vcvt_f64_s32({0}, {1})", "vcvt<c>.f64.s32|{0}, {1}", d, s),
        conditional("vcvt_s32_f64({0}, {1})", "vcvt<c>.s32.f64|{0}, {1}", s, d),
        conditional("push([{0}, {1}])", "push<c>|{{{0}, {1}}}",
                    *_ordered_pair(["r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7", "r8",
                                    "r9", "r10", "r11", "r12", "lr"])),
    ]
    forms += [conditional("smull({0}, {1}, {2}, {3})", "smull<c>|{0}, {1}, {2}, {3}",
                          lo, hi, r, r)
              for lo, hi in [(st.just("r0"), st.just("r1")), (st.just("r8"), st.just("r3"))]]
    return forms


def _ordered_pair(names: list[str]) -> tuple[st.SearchStrategy, st.SearchStrategy]:
    """Two strategies drawing registers in ascending order (push lists are sorted)."""
    low = st.sampled_from(names[:len(names) // 2])
    high = st.sampled_from(names[len(names) // 2:])
    return low, high


def test_x86_64_random_batches() -> None:
    run_random(cases_x86_64.BACKEND, _x86_forms())


def test_aarch64_random_batches() -> None:
    run_random(cases_aarch64.BACKEND, _aarch64_forms())


def test_armv7_random_batches() -> None:
    run_random(cases_arm.BACKEND_V7, _arm_forms())
