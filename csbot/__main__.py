from csbot.cli import run

run()
