Hello world: four cells are filled with 70 100 30 10 by one multiplication loop
and every letter is then a small step from one of them

++++++++++[>+++++++>++++++++++>+++>+<<<<-]
>++.                H 72
>+.                 e 101
+++++++..           l l 108
+++.                o 111
>++++++++++++++.    comma 44
------------.       space 32
<++++++++.          w 119
--------.           o 111
+++.                r 114
------.             l 108
--------.           d 100
>+.                 ! 33
>.                  newline
