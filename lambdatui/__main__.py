import sys

from lambdatui.commands.main import main

sys.exit(main())
