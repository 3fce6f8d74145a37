Many brackets: loops skipped on a zero cell and empty loops and loops in loops

[][[]][[[]]][[][]][[[[[[[[]]]]]]]]
[.[.].[[.]].[[[.]]].]           skipped: nothing is printed
+[-]                            a loop that runs once
+++[[-]]                        an inner loop that clears
++[>+[>+<-]<-]                  two outer rounds each moving into cell 2
>>[<<+>>-]<<                    cell 0 is now 2
[>++++++++++++++++<-]>          cell 1 = 32
[>+>+<<-]>>[<<+>>-]<            copy cell 1 into cell 2
[[[[>++<-]]]]>.                 cell 3 = 64: at sign
[[-]]++++++++++.                newline
