Everything that is not one of the eight commands is a comment:
letters and digits 0123456789 and tabs	and punctuation like !?;:'"/\|_=*()%^&#@ are ignored
++++++++ ++++++++ ++++++++ ++++++++ ++++++++ ++++++++ ++++++++ ++++++++ 64
+ . sixty five is A and it is printed once
++++++++++++++++++++++++++++++++ . sixty five plus thirty two is a lower case a
