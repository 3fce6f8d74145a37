Reads stdin up to end of input and writes it back reversed
Cell 0 stays 0 and marks where the input began

>,[>,]       read into cells 1 2 3 and so on; end of input reads as 0
<[.<]        walk back printing until the 0 in cell 0
