# Benchmark: a Richards-like operating-system simulation (object fields, virtual
# methods, linked lists of packets).  Argument: iterations.  Each iteration must end
# with the classic counts: 23246 packets queued, 9297 holds.
I_IDLE = 1
I_WORK = 2
I_HANDLER_A = 3
I_HANDLER_B = 4
I_DEVICE_A = 5
I_DEVICE_B = 6
K_DEVICE = 1000
K_WORK = 1001
BUFSIZE = 4

class Packet
  fn init(link, ident, kind)
    self.link = link
    self.ident = ident
    self.kind = kind
    self.datum = 0
    self.data = [0] * BUFSIZE
  end
  fn append_to(list)
    self.link = nil
    if list == nil then return self end
    p = list
    nxt = p.link
    while nxt != nil do
      p = nxt
      nxt = p.link
    end
    p.link = self
    return list
  end
end

class System
  fn init()
    self.table = [nil] * 10
    self.tasks = nil
    self.hold_count = 0
    self.queue_count = 0
  end
end

class Task
  fn init(sys, ident, priority, input, pending, waiting, holding)
    self.sys = sys
    self.link = sys.tasks
    self.ident = ident
    self.priority = priority
    self.input = input
    self.packet_pending = pending
    self.task_waiting = waiting
    self.task_holding = holding
    sys.tasks = self
    sys.table[ident] = self
  end
  fn holding_or_waiting()
    return self.task_holding or (not self.packet_pending and self.task_waiting)
  end
  fn waiting_with_packet()
    return self.packet_pending and self.task_waiting and not self.task_holding
  end
  fn add_packet(p, old)
    if self.input == nil then
      self.input = p
      self.packet_pending = true
      if self.priority > old.priority then return self end
    else
      p.append_to(self.input)
    end
    return old
  end
  fn run_task()
    msg = nil
    if self.waiting_with_packet() then
      msg = self.input
      self.input = msg.link
      if self.input == nil then
        self.packet_pending = false
        self.task_waiting = false
        self.task_holding = false
      else
        self.packet_pending = true
        self.task_waiting = false
        self.task_holding = false
      end
    end
    return self.step(msg)
  end
  fn wait_task()
    self.task_waiting = true
    return self
  end
  fn hold()
    self.sys.hold_count += 1
    self.task_holding = true
    return self.link
  end
  fn release(ident)
    t = self.sys.table[ident]
    t.task_holding = false
    if t.priority > self.priority then return t end
    return self
  end
  fn queue_packet(pkt)
    t = self.sys.table[pkt.ident]
    self.sys.queue_count += 1
    pkt.link = nil
    pkt.ident = self.ident
    return t.add_packet(pkt, self)
  end
end

class DeviceTask < Task
  fn init(sys, ident, priority, input, pending, waiting, holding)
    Task.init(self, sys, ident, priority, input, pending, waiting, holding)
    self.pending = nil
  end
  fn step(pkt)
    if pkt == nil then
      pkt = self.pending
      if pkt == nil then return self.wait_task() end
      self.pending = nil
      return self.queue_packet(pkt)
    end
    self.pending = pkt
    return self.hold()
  end
end

class HandlerTask < Task
  fn init(sys, ident, priority, input, pending, waiting, holding)
    Task.init(self, sys, ident, priority, input, pending, waiting, holding)
    self.work_in = nil
    self.device_in = nil
  end
  fn step(pkt)
    if pkt != nil then
      if pkt.kind == K_WORK then
        self.work_in = pkt.append_to(self.work_in)
      else
        self.device_in = pkt.append_to(self.device_in)
      end
    end
    work = self.work_in
    if work == nil then return self.wait_task() end
    count = work.datum
    if count >= BUFSIZE then
      self.work_in = work.link
      return self.queue_packet(work)
    end
    dev = self.device_in
    if dev == nil then return self.wait_task() end
    self.device_in = dev.link
    dev.datum = work.data[count]
    work.datum = count + 1
    return self.queue_packet(dev)
  end
end

class IdleTask < Task
  fn init(sys, ident, priority, input, pending, waiting, holding)
    Task.init(self, sys, ident, priority, input, pending, waiting, holding)
    self.control = 1
    self.count = 10000
  end
  fn step(pkt)
    self.count -= 1
    if self.count == 0 then return self.hold() end
    if self.control % 2 == 0 then
      self.control = self.control // 2
      return self.release(I_DEVICE_A)
    end
    # control // 2 xor 0xD008, spelled with arithmetic: Ember has no bit operators.
    c = self.control // 2
    x = 53256
    result = 0
    bit = 1
    while c > 0 or x > 0 do
      if (c % 2) != (x % 2) then result += bit end
      c = c // 2
      x = x // 2
      bit *= 2
    end
    self.control = result
    return self.release(I_DEVICE_B)
  end
end

class WorkTask < Task
  fn init(sys, ident, priority, input, pending, waiting, holding)
    Task.init(self, sys, ident, priority, input, pending, waiting, holding)
    self.destination = I_HANDLER_A
    self.count = 0
  end
  fn step(pkt)
    if pkt == nil then return self.wait_task() end
    if self.destination == I_HANDLER_A then
      self.destination = I_HANDLER_B
    else
      self.destination = I_HANDLER_A
    end
    pkt.ident = self.destination
    pkt.datum = 0
    for i in range(BUFSIZE) do
      self.count += 1
      if self.count > 26 then self.count = 1 end
      pkt.data[i] = 64 + self.count
    end
    return self.queue_packet(pkt)
  end
end

fn schedule(sys)
  t = sys.tasks
  while t != nil do
    if t.holding_or_waiting() then
      t = t.link
    else
      t = t.run_task()
    end
  end
end

fn run_once()
  sys = System()
  IdleTask(sys, I_IDLE, 1, nil, false, false, false)
  wkq = Packet(nil, 0, K_WORK)
  wkq = Packet(wkq, 0, K_WORK)
  WorkTask(sys, I_WORK, 1000, wkq, true, true, false)
  wkq = Packet(nil, I_DEVICE_A, K_DEVICE)
  wkq = Packet(wkq, I_DEVICE_A, K_DEVICE)
  wkq = Packet(wkq, I_DEVICE_A, K_DEVICE)
  HandlerTask(sys, I_HANDLER_A, 2000, wkq, true, true, false)
  wkq = Packet(nil, I_DEVICE_B, K_DEVICE)
  wkq = Packet(wkq, I_DEVICE_B, K_DEVICE)
  wkq = Packet(wkq, I_DEVICE_B, K_DEVICE)
  HandlerTask(sys, I_HANDLER_B, 3000, wkq, true, true, false)
  DeviceTask(sys, I_DEVICE_A, 4000, nil, false, true, false)
  DeviceTask(sys, I_DEVICE_B, 5000, nil, false, true, false)
  schedule(sys)
  return sys
end

iterations = 1
if len(args()) > 0 then iterations = int(args()[0]) end
for i in range(iterations) do
  sys = run_once()
  if sys.queue_count != 23246 or sys.hold_count != 9297 then
    throw Error("wrong result: " + str(sys.queue_count) + " " + str(sys.hold_count))
  end
end
print("richards", iterations, "ok")
