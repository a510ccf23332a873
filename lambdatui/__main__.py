import sys

from lambdatui.cli import main

sys.exit(main())
