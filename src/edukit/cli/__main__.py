from edukit.cli import main

main()
