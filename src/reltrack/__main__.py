from reltrack.cli.launch import main

main()
