"""Ember's bytecode: the opcode numbers and their names.

Every instruction is two ints in `Code.ops`, the opcode and its argument (0 when
unused), so `pc` always moves by 2 and a jump target is an index into `ops`.
"""

LOAD_CONST = 0       # arg: index into Code.consts
LOAD_LOCAL = 1       # arg: local slot
STORE_LOCAL = 2      # arg: local slot; pops
LOAD_GLOBAL = 3      # arg: global slot (VM-wide)
STORE_GLOBAL = 4     # arg: global slot; pops
POP = 5
DUP = 6
ADD = 7
SUB = 8
MUL = 9
DIV = 10
FLOORDIV = 11
MOD = 12
EQ = 13
NE = 14
LT = 15
LE = 16
GT = 17
GE = 18
IN = 19
NEG = 20
NOT = 21
JUMP = 22            # arg: target pc (forward)
JUMP_BACK = 23       # arg: target pc (a loop head; where the JIT may enter)
JUMP_IF_FALSE = 24   # arg: target pc; pops the condition
JUMP_IF_FALSE_KEEP = 25  # `and`: jumps keeping the value, else pops it
JUMP_IF_TRUE_KEEP = 26   # `or`: jumps keeping the value, else pops it
CALL = 27            # arg: argument count; callee below the arguments
CALL_METHOD = 28     # arg: name index * 256 + argument count; receiver below arguments
RETURN = 29
BUILD_LIST = 30      # arg: item count
BUILD_DICT = 31      # arg: pair count
GET_INDEX = 32
SET_INDEX = 33       # stack: container, index, value
GET_ATTR = 34        # arg: name index
SET_ATTR = 35        # arg: name index; stack: object, value
MAKE_CLASS = 36      # arg: const index of a ClassTemplate; pops the superclass or nil
SETUP_TRY = 37       # arg: handler pc
POP_TRY = 38
THROW = 39
GET_ITER = 40
FOR_ITER = 41        # arg: exit pc; pushes the next item or pops the iterator and jumps

NAMES = ["LOAD_CONST", "LOAD_LOCAL", "STORE_LOCAL", "LOAD_GLOBAL", "STORE_GLOBAL", "POP",
         "DUP", "ADD", "SUB", "MUL", "DIV", "FLOORDIV", "MOD", "EQ", "NE", "LT", "LE",
         "GT", "GE", "IN", "NEG", "NOT", "JUMP", "JUMP_BACK", "JUMP_IF_FALSE",
         "JUMP_IF_FALSE_KEEP", "JUMP_IF_TRUE_KEEP", "CALL", "CALL_METHOD", "RETURN",
         "BUILD_LIST", "BUILD_DICT", "GET_INDEX", "SET_INDEX", "GET_ATTR", "SET_ATTR",
         "MAKE_CLASS", "SETUP_TRY", "POP_TRY", "THROW", "GET_ITER", "FOR_ITER"]
