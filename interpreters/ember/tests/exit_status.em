# exit(0) stops at once, after flushing output.
print("before exit")
fn stop() exit(0) end
stop()
print("never printed")
