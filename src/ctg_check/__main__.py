from ctg_check.cli import main

main()
