A triangle of stars: the outer loop runs once per row and the inner loops copy the
row length and print that many stars

Cells: 0 rows left / 1 row length / 2 star / 3 newline / 4 stars left / 5 scratch
+++++                        five rows
>>>++++++[<+++++++>-]        star = 6 times 7 = 42
++++++++++                   newline = 10
<<<
[
  >+                         the row is one star longer
  [>>>+>+<<<<-]>>>>[<<<<+>>>>-]   copy the row length into cell 4 via cell 5
  <[<<.>>-]                  print that many stars
  <.                         end the row
  <<<-                       one row fewer
]
