End of input stores 0 in the cell whatever it held before
+++++ +++++ ,.          with no input this prints a zero byte
