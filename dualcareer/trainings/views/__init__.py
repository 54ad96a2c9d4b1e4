"""Pages of the programme, by audience: public, participant, coordinator."""
