from reltrack.cli.app import main

main()
