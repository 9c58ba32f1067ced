"""Example inputs shared by several test modules."""

# The what-if coordinators ask most: a donor gives USD 5 M to vaccines.
PLEDGE = """\
scenario:
  title: What if a donor gives USD 5 M to vaccines (3.2)?
changes:
  - add_contribution:
      id: pledge-5m
      donor: Hypothetical donor
      amount: 5000000
      sub_objective: "3.2"
      status: confirmed
"""
