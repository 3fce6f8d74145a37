# Benchmark: the n-body simulation of five planets (float arithmetic on object
# fields).  Argument: the number of steps.
PI = 3.141592653589793
SOLAR_MASS = 4 * PI * PI
DAYS = 365.24

class Body
  fn init(x, y, z, vx, vy, vz, mass)
    self.x = x
    self.y = y
    self.z = z
    self.vx = vx * DAYS
    self.vy = vy * DAYS
    self.vz = vz * DAYS
    self.mass = mass * SOLAR_MASS
  end
end

fn make_bodies()
  sun = Body(0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0)
  jupiter = Body(4.84143144246472090e+00, -1.16032004402742839e+00, -1.03622044471123109e-01,
    1.66007664274403694e-03, 7.69901118419740425e-03, -6.90460016972063023e-05,
    9.54791938424326609e-04)
  saturn = Body(8.34336671824457987e+00, 4.12479856412430479e+00, -4.03523417114321381e-01,
    -2.76742510726862411e-03, 4.99852801234917238e-03, 2.30417297573763929e-05,
    2.85885980666130812e-04)
  uranus = Body(1.28943695621391310e+01, -1.51111514016986312e+01, -2.23307578892655734e-01,
    2.96460137564761618e-03, 2.37847173959480950e-03, -2.96589568540237556e-05,
    4.36624404335156298e-05)
  neptune = Body(1.53796971148509165e+01, -2.59193146099879641e+01, 1.79258772950371181e-01,
    2.68067772490389322e-03, 1.62824170038242295e-03, -9.51592254519715870e-05,
    5.15138902046611451e-05)
  bodies = [sun, jupiter, saturn, uranus, neptune]
  px = 0.0
  py = 0.0
  pz = 0.0
  for b in bodies do
    px += b.vx * b.mass
    py += b.vy * b.mass
    pz += b.vz * b.mass
  end
  sun.vx = -px / SOLAR_MASS
  sun.vy = -py / SOLAR_MASS
  sun.vz = -pz / SOLAR_MASS
  return bodies
end

fn energy(bodies)
  e = 0.0
  n = len(bodies)
  for i in range(n) do
    b = bodies[i]
    e += 0.5 * b.mass * (b.vx * b.vx + b.vy * b.vy + b.vz * b.vz)
    for j in range(i + 1, n) do
      o = bodies[j]
      dx = b.x - o.x
      dy = b.y - o.y
      dz = b.z - o.z
      e -= b.mass * o.mass / sqrt(dx * dx + dy * dy + dz * dz)
    end
  end
  return e
end

fn advance(bodies, dt)
  n = len(bodies)
  for i in range(n) do
    b = bodies[i]
    for j in range(i + 1, n) do
      o = bodies[j]
      dx = b.x - o.x
      dy = b.y - o.y
      dz = b.z - o.z
      d2 = dx * dx + dy * dy + dz * dz
      mag = dt / (d2 * sqrt(d2))
      bm = b.mass * mag
      om = o.mass * mag
      b.vx -= dx * om
      b.vy -= dy * om
      b.vz -= dz * om
      o.vx += dx * bm
      o.vy += dy * bm
      o.vz += dz * bm
    end
  end
  for b in bodies do
    b.x += dt * b.vx
    b.y += dt * b.vy
    b.z += dt * b.vz
  end
end

steps = 5000
if len(args()) > 0 then steps = int(args()[0]) end
bodies = make_bodies()
print(round(energy(bodies), 9))
for s in range(steps) do advance(bodies, 0.01) end
print(round(energy(bodies), 9))
