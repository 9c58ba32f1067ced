import sys

from srrp.cli import main

sys.exit(main())
