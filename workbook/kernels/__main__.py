"""``python -m workbook.kernels SOCKET FAMILY PARENT_PID``: a fork server (see ``_forkserver``)."""

if __name__ == "__main__":
    from workbook.kernels._forkserver import main

    main()
