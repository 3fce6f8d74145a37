# status: 1
throw "plain string"
