Gem::Specification.new do |s|
  s.files = Dir["lib/**/*"]
end
