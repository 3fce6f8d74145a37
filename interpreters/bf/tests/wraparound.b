Cells are 8 bits and wrap around in both directions

-.                              0 minus 1 is 255
+.                              255 plus 1 is 0
>++++++++++[>-------------------<-]>
                                0 minus 190 wraps to 66: B
.-.                             B then A
<++++++++++++++++[>++++++++++++++++<-]>
                                65 plus 256 wraps back to 65: A
.
[-]-[-]                         clearing from 255 counts down to 0
++++++++++.                     newline
