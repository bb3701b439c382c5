"""`python -m qualpipe.scaffold NEW --participants ... --transcripts ...`: a new study folder."""

import sys

from qualpipe.scaffold.study import main

sys.exit(main())
