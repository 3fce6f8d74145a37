"""`unroll`: loop peeling, as RPython's unroll does it in spirit.

A loop `label(args) ops jump(values)` is optimized twice.  The first copy, the
*preamble*, runs once, knowing nothing of its inputs.  What the passes know at its end
about the values the JUMP would pass (and about the fields the heap cache holds for
them) becomes the starting knowledge of the second copy, the *body*, which is the loop:

    label(args, descr=T) preamble ops  label(slots, descr=T') body ops  jump(..., descr=T')

The body's LABEL takes one argument per JUMP value plus one per known field (so a field
read of a loop variable moves out of the loop when the body does not change it), and the
body drops the guards and reads this knowledge makes redundant.  It is sound because the
body's JUMP must hand over the same knowledge: `LoopState.check_end` verifies every fact
at the end of the body, and a fact that does not hold there is dropped and the body
optimized again.

The first LABEL keeps the loop's TargetToken, so bridges and entry traces, which jump to
that token with the loop's inputs only, enter through the preamble (as in RPython).  The
body's token is a new one numbered -T (the optimizer cannot number tokens itself).  A
body that cannot be optimized (a guard certain to fail given the preamble's knowledge)
falls back to the loop without peeling.
"""

from __future__ import annotations

from jit.metainterp import resoperation as rop
from jit.metainterp.resoperation import AbstractValue, ResOperation, TargetToken
from jit.optimizer.base import InvalidLoop
from jit.optimizer.chain import Chain
from jit.optimizer.loopstate import LoopState

# After this many bodies that broke a fact, the body is optimized with no facts at all.
MAX_ATTEMPTS = 6


def peeled_label(operations: list[ResOperation]) -> int:
    """The index of the LABEL the trace's final JUMP goes back to, when nothing after it
    is another LABEL (a loop to peel); -1 otherwise (a bridge, an entry trace, a FINISH)."""
    n = len(operations)
    if n == 0 or operations[n - 1].opnum != rop.JUMP:
        return -1
    target = operations[n - 1].descr
    for i in range(n - 2, -1, -1):
        op = operations[i]
        if op.opnum == rop.LABEL:
            if op.descr is target and isinstance(target, TargetToken):
                return i
            return -1
        if op.opnum == rop.JUMP or op.opnum == rop.FINISH:
            return -1
    return -1


def optimize_loop(names: list[str], operations: list[ResOperation],
                  start: int) -> list[ResOperation]:
    """`operations[start]` is the LABEL the final JUMP goes to; `names` the passes."""
    token = operations[start].descr
    assert isinstance(token, TargetToken)
    jump = operations[len(operations) - 1]
    preamble = Chain(names)
    preamble.run(operations[:len(operations) - 1])
    ends = [preamble.optimizer.get_input(arg) for arg in jump.args]
    virtualize = preamble.virtualize
    if virtualize is not None:
        for value in ends:
            virtualize.force(value)     # the body starts from real objects
    heap = preamble.heap
    if heap is not None:
        heap.flush()
    # What the body may use besides its LABEL: values defined before the loop's LABEL
    # (never by a trace the tracer makes, but the backends allow it).
    outer: dict[AbstractValue, AbstractValue] = {}
    for i in range(start):
        outer[operations[i]] = preamble.optimizer.get_input(operations[i])
    state = LoopState()
    for value in ends:
        state.add_slot(preamble, value)
    state.add_facts(preamble)
    body_token = TargetToken(-token.number)
    for attempt in range(MAX_ATTEMPTS + 1):
        if attempt == MAX_ATTEMPTS:
            state.drop_all()
        label_args = state.label_args()
        try:
            body = optimize_body(names, state, operations, start, outer, label_args,
                                 body_token)
        except InvalidLoop:
            return Chain(names).run(operations)
        if body is not None:
            result = preamble.optimizer.newops
            result.extend(state.copies)
            result.append(ResOperation(rop.LABEL, label_args, body_token))
            result.extend(body)
            return result
    raise InvalidLoop("loop peeling did not converge", start)     # drop_all always does


def optimize_body(names: list[str], state: LoopState, operations: list[ResOperation],
                  start: int, outer: dict[AbstractValue, AbstractValue],
                  label_args: list[AbstractValue],
                  body_token: TargetToken) -> list[ResOperation] | None:
    """The body's operations up to its JUMP, or None if some fact did not hold at its end
    (the state has dropped them: try again)."""
    chain = Chain(names)
    optimizer = chain.optimizer
    for value in outer:
        optimizer.set_copy(value, outer[value])
    label = operations[start]
    for i in range(len(label.args)):
        optimizer.set_copy(label.args[i], state.slots[i].arg)
    state.assume(chain)
    last = len(operations) - 1
    for i in range(start + 1, last):
        optimizer.index = i
        optimizer.send(optimizer.copy(operations[i]), 0)
    optimizer.index = last
    jump = operations[last]
    virtualize = chain.virtualize
    if virtualize is not None:
        for arg in jump.args:
            virtualize.force(optimizer.get_input(arg))
    if not state.check_end(chain, jump.args):
        return None
    args: list[AbstractValue] = []
    for slot in state.slots:
        if slot.alive and not slot.const:
            args.append(slot.end)
    optimizer.send(ResOperation(rop.JUMP, args, body_token), 0)
    return optimizer.newops
