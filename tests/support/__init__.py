"""Test helpers: fakes that implement the real interfaces, servers on loopback, fixtures shared by test modules."""
