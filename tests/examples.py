"""Example inputs shared by several test modules."""

from pathlib import Path

# Real files people made (../shared/real-data beside the repository), found from any checkout
REAL_DATA = next((p / "shared" / "real-data" for p in Path(__file__).resolve().parents
                  if (p / "shared" / "real-data").is_dir()), Path("shared", "real-data"))

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

# A small FTS incoming-funding export: two donors, a paid contribution and a commitment to
# count, a pledge to show and not count, and a flow shared between two countries, which FTS
# counts for neither.
FTS_FLOWS = """\
id,amountUSD,srcOrganization,destOrganization,destEmergency,destLocations,destUsageYearStart,\
destUsageYearEnd,status,flowType,boundary,onBoundary,date,decisionDate
11,250000,"Japan, Government of",International Organization for Migration,\
Coronavirus disease Outbreak - COVID -19,LAO,2021,2021,paid,Standard,incoming,single,\
2021-05-02,2021-04-20
12,900000,"Norway, Government of",World Food Programme,,LSO,2021,2021,commitment,Standard,\
incoming,single,2021-07-01,
13,100000,"Japan, Government of",International Organization for Migration,\
Coronavirus disease Outbreak - COVID -19,LAO,2021,2021,pledge,Standard,incoming,single,\
2021-08-01,
14,90000,"Norway, Government of",International Organization for Migration,,"LAO,KHM",2021,\
2021,paid,Standard,incoming,shared,2021-06-01,
"""

# Puerto Rico, a country with no built-in boundaries: five activities in two of its areas.
PUERTO_RICO = ("country_iso3,project,sub_objective,admin1_name,admin1_pcode,indicator,unit,"
               "targeted,reached,source\n"
               + "".join(f"PRI,Project {n},3.2,{place},,people vaccinated,people,,"
                         f"{n * 100},lao-health-programmes\n"
                         for n, place in [(1, "Adjuntas"), (2, "Aguada"), (3, "Aguada"),
                                          (4, "Adjuntas"), (5, "Adjuntas")]))
