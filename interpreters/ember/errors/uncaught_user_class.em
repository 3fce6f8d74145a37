# status: 1
class ConfigError < Error end
fn load() throw ConfigError("missing key 'port'") end
load()
